package main

type T struct {
	a int b int
}
