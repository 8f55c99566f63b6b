// Debian's libsecp256k1 (libsecp256k1-dev): the core API and public-key recovery.
#include <secp256k1.h>
#include <secp256k1_recovery.h>
