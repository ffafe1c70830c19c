package main

/* abc
var x = 1
