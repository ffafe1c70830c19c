package main

var fromGol = 1
