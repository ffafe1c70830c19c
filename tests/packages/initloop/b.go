package main

var b = f()

func f() int { return a }
