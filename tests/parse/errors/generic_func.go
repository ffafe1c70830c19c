package main

func Map[T any](x T) T { return x }
