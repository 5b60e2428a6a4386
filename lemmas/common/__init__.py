"""Mathematics several papers share: the arc-cosine kernels (:mod:`.kernels`)."""
