# Regenerates this fixture with Hugging Face's own GPT-2 (transformers 5.17.0, torch 2.13.0 CPU,
# tokenizers 0.22): python generate.py  (run inside this folder).
# It writes what GPT2LMHeadModel.save_pretrained writes for a tiny random GPT-2, a word-level
# tokenizer.json built with the tokenizers library, and HF's logits for a right-padded batch,
# so the Java runtime is checked against the reference implementation without Python in CI.
import json

import torch
from tokenizers import Tokenizer, models, pre_tokenizers, decoders
from transformers import GPT2Config, GPT2LMHeadModel

words = ["<|endoftext|>"] + [f"w{i}" for i in range(95)]
tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<|endoftext|>"))
tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
tokenizer.decoder = decoders.WordPiece(prefix="##")
tokenizer.add_special_tokens(["<|endoftext|>"])

torch.manual_seed(0)
config = GPT2Config(vocab_size=96, n_positions=16, n_embd=16, n_layer=2, n_head=2,
                    bos_token_id=0, eos_token_id=0)
model = GPT2LMHeadModel(config).eval()
with torch.no_grad():
    for parameter in model.parameters():
        parameter.add_(torch.randn_like(parameter) * 0.2)
model.save_pretrained(".")
tokenizer.save("tokenizer.json")

texts = ["w1 w5 w9 w13 w2 w77 w40 w3", "w8 w8 w60"]
rows = [tokenizer.encode(t).ids for t in texts]
length = max(len(r) for r in rows)
ids = torch.tensor([r + [0] * (length - len(r)) for r in rows])
mask = torch.tensor([[1] * len(r) + [0] * (length - len(r)) for r in rows])
with torch.no_grad():
    logits = model(input_ids=ids, attention_mask=mask).logits
expected = {"texts": texts, "ids": rows,
            "logits": [logits[b, :len(r)].tolist() for b, r in enumerate(rows)]}
with open("expected.json", "w") as f:
    json.dump(expected, f)
