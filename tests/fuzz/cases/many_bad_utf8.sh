# 200000 invalid UTF-8 bytes on one line: one error each (quadratic before, a hang).
printf 'package main\n'; head -c 200000 /dev/zero | tr '\0' '\200'; printf '\nfunc main() {}\n'
