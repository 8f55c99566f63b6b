// Keccak-256: see Keccak256.swift
