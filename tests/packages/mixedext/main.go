package main

// A package spread over .go and .gol files (both extensions are Go source to gol); *_test files
// and names starting with '_' or '.' are left out. expected.out comes from `go run .` on a copy
// of this tree with every .gol file renamed to .go (Go itself only reads .go files).

import (
	"example.com/mixedext/lib"
	"fmt"
)

var order []string

func note(s string) int { order = append(order, s); return len(order) }

var fromGo = note("main.fromGo uses fromGol") + fromGol

func init() { note("init in main.go") }

func main() {
	fmt.Println(lib.Hello("gol"), fromGo, fromGol)
	for _, s := range order {
		fmt.Println(s)
	}
}
