package lib

func hidden() int { return 1 }

func Shown() int { return hidden() }
