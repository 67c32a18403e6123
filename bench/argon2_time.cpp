/* Times crypto_pwhash_str_verify (libsodium) on a stored hash as matricula runs it, in working
 * memory kept between hashes (src/infra/crypto/argon2_memory.cpp): the cost of one password
 * sign-in, without HTTP or the database. Prints one JSON object.
 *   argon2_time HASH PASSWORD COUNT THREADS
 * First COUNT verifications one after the other (median and mean), then COUNT verifications on
 * each of THREADS threads at once (how the cores scale together). */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "infra/crypto/argon2_memory.hpp"

static const char *hash, *password;
static int count;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static matricula::crypto::Argon2Memory memory;

static void verify(void) {
  matricula::crypto::Argon2Memory::Loan loan(memory);
  if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0) {
    fprintf(stderr, "argon2_time: the password does not match the hash\n");
    exit(1);
  }
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < count; ++i) verify();
  return NULL;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 5 || sodium_init() < 0) return 2;
  hash = argv[1], password = argv[2], count = atoi(argv[3]);
  int threads = atoi(argv[4]);
  double *ms = static_cast<double *>(calloc(count, sizeof *ms)), sum = 0;
  verify(); /* warm-up */
  for (int i = 0; i < count; ++i) {
    double t0 = now_ms();
    verify();
    ms[i] = now_ms() - t0;
    sum += ms[i];
  }
  qsort(ms, count, sizeof *ms, cmp);
  pthread_t tid[64];
  if (threads > 64) threads = 64;
  double t0 = now_ms();
  for (int i = 0; i < threads; ++i) pthread_create(&tid[i], NULL, worker, NULL);
  for (int i = 0; i < threads; ++i) pthread_join(tid[i], NULL);
  double wall = now_ms() - t0;
  printf("{\"count\":%d,\"median_ms\":%.3f,\"mean_ms\":%.3f,\"min_ms\":%.3f,\"threads\":%d,"
         "\"parallel_per_s\":%.2f}\n",
         count, ms[count / 2], sum / count, ms[0], threads, threads * count / (wall / 1e3));
  return 0;
}
