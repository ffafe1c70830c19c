package main

type T struct{}

var x = (T){}
