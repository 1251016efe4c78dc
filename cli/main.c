#include <stdio.h>
int main(void) { puts("mobsim"); return 0; }
