#!/usr/bin/env python3
"""Compares softfloat/softfloat.wasm, run by wasmtime, with numpy's IEEE float32/float64 (an
implementation independent of both the library and Cairn) on random and special operands:
add sub mul div sqrt ceil floor trunc nearest, comparisons, promote/demote, conversions and
two saturating truncations (NaN results compared as the canonical NaN).

  python3 softfloat/difftest.py softfloat/softfloat.wasm [ROUNDS]   (pip install numpy wasmtime)

Prints each operation that disagreed with up to three cases, then `done ROUNDS`.
"""
import wasmtime, numpy as np, random, struct, math, sys, warnings
warnings.filterwarnings("ignore")
path = sys.argv[1]
e = wasmtime.Engine(); st = wasmtime.Store(e)
m = wasmtime.Module.from_file(e, path)
inst = wasmtime.Instance(st, m, [])
ex = {x.name: inst.exports(st)[x.name] for x in m.exports}
M32=(1<<32)-1; M64=(1<<64)-1
def call(n,*a):
    a=[x if x < (1<<31) or n.startswith('x') else x for x in a]
    return ex[n](st,*a)
def s32(x): return x-(1<<32) if x>=1<<31 else x
def s64(x): return x-(1<<64) if x>=1<<63 else x
def f32(b): return np.array([b],dtype=np.uint32).view(np.float32)[0]
def f64(b): return np.array([b],dtype=np.uint64).view(np.float64)[0]
def b32(f):
    f=np.float32(f)
    if f!=f: return 0x7FC00000
    return int(np.array([f],dtype=np.float32).view(np.uint32)[0])
def b64(f):
    f=np.float64(f)
    if f!=f: return 0x7FF8000000000000
    return int(np.array([f],dtype=np.float64).view(np.uint64)[0])
rnd=random.Random(1)
sp32=[0,0x80000000,0x7F800000,0xFF800000,0x7FC00000,0xFFC00001,0x7F800001,1,0x807FFFFF,0x00800000,0x7F7FFFFF,0x3F800000,0xBF800000,0x3F000000,0x4F000000,0xCF000000,0x4F800000,0x5F000000,0xDF000000,0x5F800000,0x3FC00000,0x40200000,0x4B000001,0xBF000000,0x3F7FFFFF]
sp64=[0,1<<63,0x7FF0000000000000,0xFFF0000000000000,0x7FF8000000000000,0xFFF8000000000001,0x7FF0000000000001,1,0x800FFFFFFFFFFFFF,0x0010000000000000,0x7FEFFFFFFFFFFFFF,0x3FF0000000000000,0xBFF0000000000000,0x3FE0000000000000,0x41E0000000000000,0xC1E0000000000000,0x41F0000000000000,0x43E0000000000000,0xC3E0000000000000,0x43F0000000000000,0xC1E0000000200000,0x4330000000000001,0x3FF8000000000000,0x4004000000000000]
def r32():
    k=rnd.random()
    if k<0.3: return rnd.choice(sp32)
    if k<0.5: return rnd.choice(sp32) ^ rnd.getrandbits(3)
    if k<0.6: return rnd.getrandbits(23) | (rnd.getrandbits(1)<<31)
    if k<0.8: return (rnd.randint(100,160)<<23)|rnd.getrandbits(23)|(rnd.getrandbits(1)<<31)
    return rnd.getrandbits(32)
def r64():
    k=rnd.random()
    if k<0.3: return rnd.choice(sp64)
    if k<0.5: return rnd.choice(sp64) ^ rnd.getrandbits(3)
    if k<0.6: return rnd.getrandbits(52) | (rnd.getrandbits(1)<<63)
    if k<0.8: return (rnd.randint(1000,1090)<<52)|rnd.getrandbits(52)|(rnd.getrandbits(1)<<63)
    return rnd.getrandbits(64)
fails={}
def chk(name,args,got,want):
    if got!=want:
        fails.setdefault(name,[]).append((args,hex(got) if isinstance(got,int) else got,hex(want) if isinstance(want,int) else want))
N=int(sys.argv[2]) if len(sys.argv)>2 else 20000
for i in range(N):
    a,b=r32(),r32(); A,B=f32(a),f32(b)
    for n,op in [('add',np.add),('sub',np.subtract),('mul',np.multiply),('div',np.divide)]:
        chk('f32_'+n,(hex(a),hex(b)),call('f32_'+n,s32(a),s32(b))&M32,b32(op(A,B)))
    chk('f32_sqrt',(hex(a),),call('f32_sqrt',s32(a))&M32,b32(np.sqrt(A)))
    for n,fn in [('ceil',np.ceil),('floor',np.floor),('trunc',np.trunc),('nearest',np.rint)]:
        chk('f32_'+n,(hex(a),),call('f32_'+n,s32(a))&M32,b32(fn(A)))
    for n,fn in [('eq',lambda x,y:x==y),('ne',lambda x,y:x!=y),('lt',lambda x,y:x<y),('gt',lambda x,y:x>y),('le',lambda x,y:x<=y),('ge',lambda x,y:x>=y)]:
        chk('f32_'+n,(hex(a),hex(b)),call('f32_'+n,s32(a),s32(b)),int(fn(A,B)))
    chk('f64_promote_f32',(hex(a),),call('f64_promote_f32',s32(a))&M64,b64(np.float64(A)))
    x,y=r64(),r64(); X,Y=f64(x),f64(y)
    for n,op in [('add',np.add),('sub',np.subtract),('mul',np.multiply),('div',np.divide)]:
        chk('f64_'+n,(hex(x),hex(y)),call('f64_'+n,s64(x),s64(y))&M64,b64(op(X,Y)))
    chk('f64_sqrt',(hex(x),),call('f64_sqrt',s64(x))&M64,b64(np.sqrt(X)))
    for n,fn in [('ceil',np.ceil),('floor',np.floor),('trunc',np.trunc),('nearest',np.rint)]:
        chk('f64_'+n,(hex(x),),call('f64_'+n,s64(x))&M64,b64(fn(X)))
    for n,fn in [('eq',lambda x,y:x==y),('lt',lambda x,y:x<y),('ge',lambda x,y:x>=y)]:
        chk('f64_'+n,(hex(x),hex(y)),call('f64_'+n,s64(x),s64(y)),int(fn(X,Y)))
    chk('f32_demote_f64',(hex(x),),call('f32_demote_f64',s64(x))&M32,b32(np.float32(X)))
    i32v=rnd.getrandbits(32); i64v=rnd.getrandbits(64) >> rnd.randint(0,63)
    chk('f32_convert_i32_s',(i32v,),call('f32_convert_i32_s',s32(i32v))&M32,b32(np.float32(s32(i32v))))
    chk('f32_convert_i32_u',(i32v,),call('f32_convert_i32_u',s32(i32v))&M32,b32(np.float32(i32v)))
    chk('f64_convert_i64_u',(i64v,),call('f64_convert_i64_u',s64(i64v))&M64,b64(float(i64v)))
    chk('f32_convert_i64_u',(i64v,),call('f32_convert_i64_u',s64(i64v))&M32,b32(np.float32(float(i64v)) if False else np.uint64(i64v).astype(np.float32)))
    chk('f32_convert_i64_s',(i64v,),call('f32_convert_i64_s',s64(i64v))&M32,b32(np.int64(s64(i64v)).astype(np.float32)))
    chk('f64_convert_i64_s',(i64v,),call('f64_convert_i64_s',s64(i64v))&M64,b64(float(s64(i64v))))
    # trunc sat f64 -> i32 s
    if X==X:
        t=math.trunc(X) if abs(X)!=math.inf else (1<<70 if X>0 else -(1<<70))
        want=max(-(1<<31),min((1<<31)-1,t))&M32
    else: want=0
    chk('i32_trunc_sat_f64_s',(hex(x),),call('i32_trunc_sat_f64_s',s64(x))&M32,want)
    if A==A:
        t=math.trunc(float(A)) if abs(A)!=math.inf else (1<<70 if A>0 else -(1<<70))
        want=max(0,min((1<<64)-1,t))
    else: want=0
    chk('i64_trunc_sat_f32_u',(hex(a),),call('i64_trunc_sat_f32_u',s32(a))&M64,want)
for k,v in fails.items(): print(k,len(v),v[:3])
print("done",N)
