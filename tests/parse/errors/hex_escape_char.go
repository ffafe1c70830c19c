package main

var x = "\xZZ"
