// libedit's GNU-readline-compatible interface: line editing, history and tab completion
// at the session prompt. Debian's libedit-dev installs it.
#include <stdio.h>
#include <editline/readline.h>

// Swift 6 refuses to touch a mutable C global directly; this setter does it in C.
static inline void converge_set_completion_entry(rl_compentry_func_t *function) {
    rl_completion_entry_function = function;
}
