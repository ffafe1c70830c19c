package main

var x = "a\qb"
