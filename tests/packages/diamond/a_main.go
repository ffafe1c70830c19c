package main

import (
	"example.com/diamond/base"
	"example.com/diamond/left"
	"example.com/diamond/right"
)

var fromA = base.Note("main.fromA (a_main.go) uses fromZ") + fromZ

var _ = left.L + right.R

func init() { base.Note("main init in a_main.go") }
