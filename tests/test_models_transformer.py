"""Tests of tslib.models.transformer: attention maths, positional encoding, masks, batch
independence."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tslib.models import (
    PositionalEncoding,
    TransformerForecaster,
    attention,
)
from tslib.models.transformer import causal_mask


def test_attention_matches_the_formula_and_pytorch():
    torch.manual_seed(0)
    q, k, v = torch.randn(2, 5, 4), torch.randn(2, 6, 4), torch.randn(2, 6, 3)
    out, w = attention(q, k, v)
    expected_w = torch.softmax(q @ k.transpose(1, 2) / 2.0, dim=-1)  # sqrt(4) = 2
    torch.testing.assert_close(w, expected_w)
    torch.testing.assert_close(out, expected_w @ v)
    torch.testing.assert_close(
        out, torch.nn.functional.scaled_dot_product_attention(q, k, v)
    )
    torch.testing.assert_close(w.sum(-1), torch.ones(2, 5))


def test_attention_with_causal_mask_matches_pytorch():
    torch.manual_seed(0)
    q = k = v = torch.randn(3, 6, 4)
    out, w = attention(q, k, v, mask=causal_mask(6))
    torch.testing.assert_close(
        out, torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    )
    assert torch.all(w.triu(diagonal=1) == 0)


def test_positional_encoding_formula():
    pe = PositionalEncoding(d_model=6, max_len=20)
    out = pe(torch.zeros(1, 20, 6))[0]
    t, i = 7, 1
    assert math.isclose(
        out[t, 2 * i].item(), math.sin(t / 10000 ** (2 * i / 6)), rel_tol=1e-5
    )
    assert math.isclose(
        out[t, 2 * i + 1].item(), math.cos(t / 10000 ** (2 * i / 6)), rel_tol=1e-5
    )
    assert (
        len({tuple(row.tolist()) for row in out}) == 20
    )  # every position gets its own code
    assert PositionalEncoding(d_model=5)(torch.zeros(1, 3, 5)).shape == (
        1,
        3,
        5,
    )  # odd width works
    assert not list(pe.parameters())  # a fixed code, not learned


def test_positional_encoding_bad_input():
    with pytest.raises(
        ValueError, match=r"expected input of shape \(B, L <= 4, 6\), got \(1, 5, 6\)"
    ):
        PositionalEncoding(d_model=6, max_len=4)(torch.zeros(1, 5, 6))


@pytest.mark.parametrize("pool", ["last", "mean"])
@pytest.mark.parametrize("causal", [False, True])
def test_output_shape_contract(pool, causal):
    model = TransformerForecaster(
        input_size=3,
        d_model=8,
        nhead=2,
        n_layers=2,
        horizon=4,
        output_size=2,
        pool=pool,
        causal=causal,
    )
    assert model(torch.randn(5, 11, 3)).shape == (5, 4, 2)


@settings(max_examples=10, deadline=None)
@given(perm_seed=st.integers(0, 1000))
def test_batch_first_outputs_are_permutation_equivariant_across_the_batch(perm_seed):
    torch.manual_seed(0)
    model = TransformerForecaster(input_size=1, d_model=8, nhead=2).eval()
    x = torch.randn(6, 10, 1)
    perm = torch.randperm(6, generator=torch.Generator().manual_seed(perm_seed))
    torch.testing.assert_close(model(x[perm]), model(x)[perm], rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(model(x[2:3]), model(x)[2:3], rtol=1e-5, atol=1e-6)


def test_the_layers_are_batch_first_and_positions_are_encoded():
    model = TransformerForecaster(input_size=1, d_model=8, nhead=2)
    assert all(layer.self_attn.batch_first for layer in model.encoder.layers)
    assert isinstance(model.position, PositionalEncoding)
    for switch in ("batch_first", "positional_encoding"):  # no switch for a mistake
        with pytest.raises(TypeError):
            TransformerForecaster(input_size=1, **{switch: False})


@pytest.mark.parametrize("t", [0, 4, 9])
def test_causal_mask_blocks_the_future(t):
    torch.manual_seed(0)
    model = TransformerForecaster(
        input_size=1, d_model=8, nhead=2, n_layers=2, causal=True
    ).eval()
    x = torch.randn(3, 10, 1)
    changed = x.clone()
    changed[:, t] += 3.0
    before, after = model.encode(x), model.encode(changed)
    torch.testing.assert_close(before[:, :t], after[:, :t])
    assert not torch.allclose(before[:, t:], after[:, t:])
    unmasked = TransformerForecaster(
        input_size=1, d_model=8, nhead=2, causal=False
    ).eval()
    if t > 0:  # without the mask, earlier steps do see the change
        assert not torch.allclose(
            unmasked.encode(x)[:, :t], unmasked.encode(changed)[:, :t]
        )


def test_the_order_of_the_steps_matters():
    torch.manual_seed(0)
    model = TransformerForecaster(input_size=1, d_model=8, nhead=2, pool="mean").eval()
    x = torch.randn(4, 12, 1)
    shuffled = x[:, torch.randperm(12)]
    assert not torch.allclose(model(x), model(shuffled), atol=1e-4)


def test_attention_weights_are_those_the_layers_use():
    torch.manual_seed(0)
    model = TransformerForecaster(
        input_size=2, d_model=8, nhead=2, n_layers=2, causal=True
    ).eval()
    x = torch.randn(3, 7, 2)
    w = model.attention_weights(x)
    assert w.shape == (3, 2, 2, 7, 7)
    torch.testing.assert_close(w.sum(-1), torch.ones(3, 2, 2, 7))
    assert torch.all(w.triu(diagonal=1) == 0)
    # Recompute layer 0 by hand with the pure attention function and the layer's
    # projections.
    layer = model.encoder.layers[0]
    h = model.position(model.embed(x))  # (B, L, D)
    q, k, v = (
        h @ layer.self_attn.in_proj_weight.T + layer.self_attn.in_proj_bias
    ).chunk(3, dim=-1)
    heads = [
        t.view(3, 7, 2, 4).transpose(1, 2) for t in (q, k, v)
    ]  # -> (B, nhead, L, D / nhead)
    _, expected = attention(*heads, mask=causal_mask(7))
    torch.testing.assert_close(w[:, 0], expected, rtol=1e-5, atol=1e-6)


def test_attention_weights_do_not_change_the_forecast_or_the_input():
    torch.manual_seed(0)
    model = TransformerForecaster(input_size=1, d_model=8, nhead=2).eval()
    x = torch.randn(2, 6, 1)
    copy = x.clone()
    before = model(x)
    model.attention_weights(x)
    torch.testing.assert_close(model(x), before)
    assert torch.equal(x, copy)


def test_bad_arguments_and_input():
    with pytest.raises(
        ValueError, match="d_model must be divisible by nhead, got d_model=10, nhead=3"
    ):
        TransformerForecaster(input_size=1, d_model=10, nhead=3)
    with pytest.raises(ValueError, match="pool must be one of"):
        TransformerForecaster(input_size=1, pool="first")
    model = TransformerForecaster(input_size=2)
    with pytest.raises(
        ValueError, match=r"expected input of shape \(B, L, 2\), got \(3, 2, 9\)"
    ):
        model(torch.zeros(3, 2, 9))
    with pytest.raises(ValueError, match="length must be >= 1, got 0"):
        causal_mask(0)


def test_attention_names_mismatched_shapes():
    from tslib.models import attention

    with pytest.raises(ValueError, match=r"expected query \(..., L_q, d\), key"):
        attention(torch.zeros(1, 3, 4), torch.zeros(1, 3, 5), torch.zeros(1, 3, 5))
    with pytest.raises(ValueError, match=r"value \(..., L_k, d_v\)"):
        attention(torch.zeros(1, 3, 4), torch.zeros(1, 3, 4), torch.zeros(1, 2, 4))
