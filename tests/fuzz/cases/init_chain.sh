# 20000 package variables, each initialised through a function from the previous one:
# the initialisation order used to be computed in cubic time (a hang). Ends with an error.
printf 'package main\n\nvar v0 = 1\n'
for ((i = 1; i < 20000; i++)); do printf 'var v%d = f%d()\nfunc f%d() int { return v%d }\n' $i $i $i $((i - 1)); done
printf 'func main() { y }\n'
