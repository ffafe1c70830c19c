package lib

var suffix = "!"
