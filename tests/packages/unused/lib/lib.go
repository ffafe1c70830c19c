package lib

import "os"

func F() int { return 1 }
