package lib

var suffix = "?"
