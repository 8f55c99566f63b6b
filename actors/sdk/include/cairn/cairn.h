/* The Cairn actor SDK: include this one header. See actors/README.md. */
#ifndef CAIRN_H
#define CAIRN_H

#include "cairn/sys.h"
#include "cairn/mem.h"
#include "cairn/ipld.h"
#include "cairn/cbor.h"
#include "cairn/actor.h"
#include "cairn/hamt.h"

#endif
