package main

var x = "ÿ"
