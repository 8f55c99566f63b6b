import CairnCrypto
import CairnProgram

/// A price that grows with a size: `flat + scale × size`, both in milligas.
public struct ScalingPrice: Hashable, Sendable {
    /// The part paid whatever the size, in milligas.
    public var flat: UInt64
    /// The part paid per unit of size (a byte, usually), in milligas.
    public var scale: UInt64

    /// A price of `flat` plus `scale` per unit, in milligas.
    public init(flat: UInt64, scale: UInt64) {
        (self.flat, self.scale) = (flat, scale)
    }

    /// The price of `size` units (saturating: a price never wraps into a small number).
    public func apply(_ size: Int) -> UInt64 {
        let (product, overflow) = scale.multipliedReportingOverflow(by: UInt64(max(size, 0)))
        guard !overflow else { return .max }
        let (sum, overflow2) = flat.addingReportingOverflow(product)
        return overflow2 ? .max : sum
    }
}

/// The actor runtime's price list: ref-fvm's (network version 18, "Hygge", the prices of
/// `fvm/src/gas/price_list.rs`), in milligas, plus how Wasm execution maps onto Cairn's gas.
///
/// **Execution gas.** ref-fvm charges 4 gas per Wasm instruction and 0.4 gas per byte that
/// `memory.fill`, `memory.copy` or `memory.grow` touches. Cairn meters its lowered
/// instructions with a `GasSchedule` whose prices are per instruction class, so the profile
/// supplies a schedule in which one Cairn gas unit is ``milligasPerUnit`` (400) milligas,
/// 0.4 gas: every instruction class costs 10 units (4 gas), a byte moved by a bulk memory
/// operation 1 unit (0.4 gas), a page added by `memory.grow` 65,536 units (0.4 gas a byte),
/// a table element 8 units (ref-fvm's 8 bytes a table slot at 0.4 gas). Every ref-fvm price is
/// then an exact number of units. The difference from ref-fvm: Cairn prices *lowered*
/// instructions, where `local.get`, `local.set`, `block`, `nop` and the like have been folded
/// away and cost nothing, so the same code usually costs less execution gas than in ref-fvm.
/// The crossing into the host costs nothing in the schedule: every syscall pays
/// ``syscall`` (14,000 gas) from the runtime's own tracker instead.
public struct GasProfile: Hashable, Sendable {
    /// Milligas in one gas.
    public static let milligasPerGas: UInt64 = 1000
    /// Milligas in one unit of the Cairn schedule ``schedule``.
    public static let milligasPerUnit: UInt64 = 400

    /// Execution prices for the Cairn machine, in units of ``milligasPerUnit``.
    public var schedule: GasSchedule
    /// Every syscall's fixed price (ref-fvm `syscall_cost`).
    public var syscall: UInt64
    /// Compute price of a message on chain, and storage per byte of the message.
    public var onChainMessageCompute: UInt64
    /// Storage of a message on chain: flat plus per byte (ref-fvm `on_chain_message_storage`).
    public var onChainMessageStorage: ScalingPrice
    /// Storage price per byte of a message's return value.
    public var onChainReturnStorage: ScalingPrice
    /// Transferring funds (a send with a non-zero value).
    public var sendTransferFunds: UInt64
    /// Invoking a method (a send to a method other than 0).
    public var sendInvokeMethod: UInt64
    /// Looking an actor up in the state tree, updating it, and the storage of a new one.
    public var actorLookup: UInt64
    /// Storing an updated actor record.
    public var actorUpdate: UInt64
    /// The storage of a new actor record.
    public var actorCreateStorage: UInt64
    /// Looking up and assigning an address in the init actor's table.
    public var addressLookup: UInt64
    /// Assigning an address in the init actor's table.
    public var addressAssignment: UInt64
    /// Verifying a secp256k1 signature (per byte of plaintext on top), and recovering a key.
    public var secp256k1Verify: ScalingPrice
    /// Recovering a secp256k1 public key.
    public var secp256k1Recover: UInt64
    /// Hashing, per function (BLAKE2b-512 is priced as BLAKE2b-256, as ref-fvm does).
    public var sha256: ScalingPrice
    /// BLAKE2b-256 (and BLAKE2b-512), per byte hashed.
    public var blake2b256: ScalingPrice
    /// Keccak-256, per byte hashed.
    public var keccak256: ScalingPrice
    /// The CID of the newest tipset and of an older one.
    public var tipsetCIDLatest: UInt64
    /// The CID of an older tipset.
    public var tipsetCIDHistorical: UInt64
    /// A randomness seed (extraction is priced as BLAKE2b-256 of the seed material).
    public var randomnessSeed: UInt64
    /// Copying and allocating block bytes, and the least charged for keeping a block in memory.
    public var blockMemcpy: ScalingPrice
    /// Allocating block bytes, per byte.
    public var blockAllocate: ScalingPrice
    /// The least charged per byte for keeping a block in memory.
    public var blockMemoryRetentionMinimum: ScalingPrice
    /// Opening a block from the store.
    public var blockOpen: ScalingPrice
    /// Persisting a block (storage), and the deferred compute of flushing it.
    public var blockPersistStorage: ScalingPrice
    /// The deferred compute of flushing a persisted block.
    public var blockPersistCompute: UInt64
    /// Validating an emitted event.
    public var eventValidation: ScalingPrice

    /// ref-fvm's Hygge prices (network version 18 and later) on Cairn's schedule.
    public static let hygge = GasProfile(
        schedule: actorSchedule,
        syscall: 14_000_000,
        onChainMessageCompute: 38_863_000,
        onChainMessageStorage: ScalingPrice(flat: 36 * 1300 * 1000, scale: 1300 * 1000),
        onChainReturnStorage: ScalingPrice(flat: 0, scale: 1300 * 1000),
        sendTransferFunds: 6_000_000,
        sendInvokeMethod: 75_000_000,
        actorLookup: 500_000_000,
        actorUpdate: 475_000_000,
        actorCreateStorage: 650_000_000,
        addressLookup: 1_050_000_000,
        addressAssignment: 1_000_000_000,
        secp256k1Verify: ScalingPrice(flat: 1_637_292_000, scale: 10_000),
        secp256k1Recover: 1_637_292_000,
        sha256: ScalingPrice(flat: 0, scale: 7000),
        blake2b256: ScalingPrice(flat: 0, scale: 10_000),
        keccak256: ScalingPrice(flat: 0, scale: 33_000),
        tipsetCIDLatest: 50_000_000,
        tipsetCIDHistorical: 215_000_000,
        randomnessSeed: 21_000_000,
        blockMemcpy: ScalingPrice(flat: 0, scale: 400),
        blockAllocate: ScalingPrice(flat: 0, scale: 2000),
        blockMemoryRetentionMinimum: ScalingPrice(flat: 0, scale: 10_000),
        blockOpen: ScalingPrice(flat: 187_440_000, scale: 0),
        blockPersistStorage: ScalingPrice(flat: 334_000_000, scale: 3_340_000),
        blockPersistCompute: 172_000_000,
        eventValidation: ScalingPrice(flat: 1_750_000, scale: 25_000))

    /// Cairn's schedule for actor code: 10 units (4 gas) per lowered instruction of any class,
    /// 1 unit (0.4 gas) per byte of bulk memory work, 65,536 units per page grown, 8 per table
    /// element, and a free host crossing (syscalls are charged by the runtime).
    public static let actorSchedule = GasSchedule(
        version: 0x4143_0001,  // "AC" 1: the actor schedule, version 1
        classCosts: Array(repeating: 10, count: GasClass.allCases.count),
        memoryGrowPerPage: 65_536,
        bulkBytesPerGas: 1,
        tableElement: 8,
        hostCall: 0)

    /// Milligas for `units` of the Cairn schedule (saturating).
    public static func milligas(units: UInt64) -> UInt64 {
        let (product, overflow) = units.multipliedReportingOverflow(by: milligasPerUnit)
        return overflow ? .max : product
    }

    /// Whole Cairn units that `milligas` pays for (the remainder is not available to Wasm).
    public static func units(milligas: UInt64) -> UInt64 { milligas / milligasPerUnit }
}

extension GasProfile {
    /// Opening a block of `size` bytes: the open itself, then the copy and allocation, with at
    /// least the memory-retention minimum (ref-fvm `on_block_open_base` + `on_block_open_per_byte`).
    public func blockOpenPrice(size: Int) -> UInt64 {
        let compute = blockAllocate.apply(size) &+ blockMemcpy.apply(size)
        let retention = blockMemoryRetentionMinimum.apply(size)
        return blockOpen.flat &+ max(compute, retention)
    }

    /// Creating a block of `size` bytes (ref-fvm `on_block_create`).
    public func blockCreatePrice(size: Int) -> UInt64 {
        max(blockMemcpy.apply(size) &+ blockAllocate.apply(size), blockMemoryRetentionMinimum.apply(size))
    }

    /// Reading `size` bytes of an open block (ref-fvm `on_block_read`).
    public func blockReadPrice(size: Int) -> UInt64 { blockMemcpy.apply(size) }

    /// Linking (persisting) a block of `size` bytes hashed with BLAKE2b-256 (ref-fvm
    /// `on_block_link`): copy, allocation and hashing now; storage and flushing deferred.
    public func blockLinkPrice(size: Int) -> UInt64 {
        blockMemcpy.apply(size) &+ blockAllocate.apply(size) &+ blake2b256.apply(size)
            &+ blockPersistStorage.apply(size) &+ blockPersistCompute
    }

    /// Hashing `size` bytes with `function`.
    public func hashPrice(_ function: SupportedHash, size: Int) -> UInt64 {
        switch function {
        case .sha2_256: sha256.apply(size)
        case .blake2b256, .blake2b512: blake2b256.apply(size)
        case .keccak256: keccak256.apply(size)
        }
    }

    /// The fixed price of a message on chain of `size` bytes (ref-fvm `on_chain_message`),
    /// including the update of the sender's nonce and balance.
    public func onChainMessagePrice(size: Int) -> UInt64 {
        onChainMessageCompute &+ actorUpdate &+ onChainMessageStorage.apply(size)
    }

    /// Randomness from a seed: the seed, and BLAKE2b-256 of the 48 bytes of seed material plus
    /// the entropy (ref-fvm `on_get_randomness`).
    public func randomnessPrice(entropy: Int) -> UInt64 {
        randomnessSeed &+ blake2b256.apply(entropy + 48)
    }

    /// Validating an event of `size` encoded bytes, and keeping it (ref-fvm
    /// `on_actor_event_validate` and the compute part of `on_actor_event_accept`).
    public func eventPrice(size: Int) -> UInt64 {
        let stamped = size + 12
        return blockMemcpy.apply(size) &+ blockAllocate.apply(size) &+ eventValidation.apply(size)
            &+ 3 &* blockMemcpy.apply(stamped) &+ blockAllocate.apply(stamped) &+ blake2b256.apply(stamped)
    }
}
