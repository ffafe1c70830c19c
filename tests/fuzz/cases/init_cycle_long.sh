# A 5000-variable initialisation cycle through functions: reported, without a hang.
printf 'package main\n\nvar v0 = f4999()\n'
for ((i = 1; i < 5000; i++)); do printf 'var v%d = f%d()\nfunc f%d() int { return v%d }\n' $i $i $i $((i - 1)); done
printf 'func f4999() int { return v4999 }\nfunc main() {}\n'
