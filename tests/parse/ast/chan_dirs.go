package main

var a chan<- int
var b <-chan int
var c chan (<-chan int)
var d chan<- chan int
var e = (<-chan int)(nil)
