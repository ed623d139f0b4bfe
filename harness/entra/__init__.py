"""``provlab entra``: the simulated Entra provisioning job from the command line.

Every command keeps its state in ``--state-dir`` (directory users, links, watermark, escrow,
quarantine, provisioning logs), so ``cycle``, ``on-demand``, ``users`` and ``logs`` can run
one after another as separate processes. :mod:`.cli` holds the commands, :mod:`.session` the
state kept in --state-dir, :mod:`.report` the ``--report`` option and :mod:`.render` the output.
"""
