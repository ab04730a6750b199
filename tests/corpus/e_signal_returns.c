// Signal delivery and return, synchronously: each raise() runs the handler before it
// returns, so the trace (including every rt_sigreturn and its restored mask) is the
// same on every run. Blocked signals change the mask the frame restores. (Its many
// rt_sigreturn lines also keep that syscall's sample large next to shell pipelines,
// whose merged SIGCHLDs make their handler count vary from run to run.)
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_signal(int sig) {
  (void)sig;
  handled++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  sigaction(SIGRTMIN + 1, &sa, NULL);
  for (int i = 0; i < 24; i++) {
    raise(SIGUSR1);
  }
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGRTMIN + 3);
  sigprocmask(SIG_BLOCK, &block, NULL);
  for (int i = 0; i < 24; i++) {
    raise(i % 2 ? SIGUSR2 : SIGRTMIN + 1);
  }
  return handled == 48 ? 0 : 1;
}
