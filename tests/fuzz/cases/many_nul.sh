# 200000 NUL bytes: one error each; recording them used to be quadratic (a hang).
printf 'package main\n'; head -c 200000 /dev/zero; printf '\nfunc main() {}\n'
