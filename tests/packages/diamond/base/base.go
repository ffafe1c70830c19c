package base

import "fmt"

// Log records initialisation steps in order.
var Log []string

func Note(s string) int {
	Log = append(Log, s)
	fmt.Println("base.Note:", s)
	return len(Log)
}

var First = Note("base.First (depends on Second)") + Second

var Second = Note("base.Second")

func init() { Note("base init #1") }

func init() { Note("base init #2") }
