package main

var x = 0789
