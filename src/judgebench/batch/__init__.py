"""Provider batch APIs and offline batch files: the same calls at batch prices, or run anywhere.

A batched run goes in rounds (:mod:`.driver`): the command runs with a :class:`~judgebench.engine.deferral.Deferral`
active, every cache miss on an ``openai/`` or ``anthropic/`` endpoint is collected instead of sent, and the items
that needed one are left out of the output; the collected calls go to the provider as batches
(:mod:`.clients`), whose ids are stored beside ``--out`` (:mod:`.state`) so a rerun polls instead of submitting
again; finished batches' answers go into the call cache (:mod:`.protocols` reads them with the live parsers);
the next round finds them there. A round that collects nothing is the live run itself, every call a cache hit:
the same parsers, outputs and resume. ``batch export`` / ``batch ingest`` (:mod:`.files`) do the same with a
batch-format file a user runs elsewhere (``vllm run-batch``, a SLURM job).
"""
