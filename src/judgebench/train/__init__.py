"""``judgebench train``: a Bradley–Terry reward model trained on labeled pairs (TRL's RewardTrainer).

The pieces: :mod:`~judgebench.train.data` (pair files, their hashes, chosen/rejected token ids encoded
exactly as the ``hf/`` reward backend will score them), :mod:`~judgebench.train.split` (a seeded split by
question), :mod:`~judgebench.train.trainer` (TRL and PEFT behind one function, resumable),
:mod:`~judgebench.train.card` (the model card) and :mod:`~judgebench.train.run` (the whole command).
torch, transformers, trl, peft and datasets are imported only inside functions (the ``train`` extra).
"""
