# Turns a standard package's Go source (stdlib/NAME.gol) into a C string:
#   cmake -DIN=stdlib/fmt.gol -DOUT=gen/stdlib_fmt.inc -DID=fmt -P stdlib/embed.cmake
# The result defines `static const char stdlib_src_<ID>[]`. Nothing else is generated here: the
# package table (stdlib.c) includes the files CMake lists at configure time.
file(READ ${IN} text)
string(REPLACE "\\" "\\\\" text "${text}")
string(REPLACE "\"" "\\\"" text "${text}")
string(REPLACE "\t" "\\t" text "${text}")
string(REPLACE "\n" "\\n\"\n\"" text "${text}")
file(WRITE ${OUT}.tmp "/* generated from ${IN}; do not edit */\n#ifndef STDLIB_SRC_${ID}\n#define STDLIB_SRC_${ID}\nstatic const char stdlib_src_${ID}[] =\n\"${text}\";\n#endif\n")
file(RENAME ${OUT}.tmp ${OUT})
