package right

import (
	"example.com/diamond/base"
	"example.com/diamond/util"
)

var R = base.Note("right.R") + util.Twice(late)

var late = base.Note("right.late")

func init() { base.Note("right init") }
