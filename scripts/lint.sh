#!/usr/bin/env bash
# Checks formatting with the toolchain's swift-format and the checked-in .swift-format.
# `swift format format -i -r Sources Tests Package.swift` fixes most findings.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict -r Sources Tests Package.swift
