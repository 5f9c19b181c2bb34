package org.rectifier.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Distinct labels merged across partitions: exact while small, a lower bound beyond the cap. */
class LabelSetTest {

  private static BitSet of(int... labels) {
    BitSet bits = new BitSet();
    for (int l : labels) {
      bits.set(l);
    }
    return bits;
  }

  @Test
  void smallSetsMergeToTheExactUnion() {
    LabelSet.Count c = LabelSet.merge(Arrays.asList(LabelSet.of(of(0, 1, 7)), null,
        LabelSet.of(of(7, 9)), LabelSet.of(new BitSet())));
    assertEquals(4, c.distinct);
    assertFalse(c.lowerBound);
  }

  @Test
  void aPartitionBeyondTheCapGivesALowerBound() {
    BitSet many = new BitSet();
    many.set(0, LabelSet.CAP + 10);
    LabelSet.Count c = LabelSet.merge(Arrays.asList(LabelSet.of(of(1 << 23)),
        LabelSet.of(many)));
    assertTrue(c.lowerBound);
    assertEquals(LabelSet.CAP + 10, c.distinct);
    // Exact sets larger in union than the saturated one's count still raise the bound.
    BitSet a = new BitSet();
    a.set(0, LabelSet.CAP);
    BitSet b = new BitSet();
    b.set(LabelSet.CAP, 2 * LabelSet.CAP);
    BitSet c2 = new BitSet();
    c2.set(0, LabelSet.CAP + 1);
    LabelSet.Count merged = LabelSet.merge(Arrays.asList(LabelSet.of(a), LabelSet.of(b),
        LabelSet.of(c2)));
    assertTrue(merged.lowerBound);
    assertEquals(2 * LabelSet.CAP, merged.distinct);
  }
}
