package main

var x = "\400"
