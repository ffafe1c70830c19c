package main

var x = "\uD800"
