package main

var x = 'ab'
