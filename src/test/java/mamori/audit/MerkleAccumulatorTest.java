package mamori.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MerkleAccumulatorTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> LEAVES = IntStream.range(0, 300)
            .mapToObj(i -> MerkleTree.leafHash(("checkpointed entry " + i).getBytes(UTF_8)))
            .toList();

    @Test
    void startsEmptyWithTheRootOfTheEmptyTree() {
        var accumulator = new MerkleAccumulator();
        assertEquals(0, accumulator.size());
        assertEquals(HEX.formatHex(MerkleTree.emptyRoot()), HEX.formatHex(accumulator.root()));
    }

    @Test
    void rootAfterEachOf300AppendsIsTheTreeRootOfThatPrefix() {
        var accumulator = new MerkleAccumulator();
        for (int size = 1; size <= LEAVES.size(); size++) {
            accumulator.append(LEAVES.get(size - 1));
            List<byte[]> prefix = LEAVES.subList(0, size);
            assertEquals(size, accumulator.size());
            assertEquals(HEX.formatHex(MerkleTree.root(prefix)), HEX.formatHex(accumulator.root()), size + " leaves");
            assertEquals(HEX.formatHex(MerkleTreeTest.Rfc9162Recursive.mth(prefix)), HEX.formatHex(accumulator.root()),
                    size + " leaves, against RFC 9162 §2.1.1 as written");
        }
    }

    @Test
    void appendingTheReferenceLeavesGivesThePublishedRoots() {
        var reference = MerkleTreeTest.ReferenceTree.load();
        var accumulator = new MerkleAccumulator();
        for (byte[] leafHash : reference.leafHashes()) {
            accumulator.append(leafHash);
            int size = (int) accumulator.size();
            assertEquals(HEX.formatHex(reference.root(size)), HEX.formatHex(accumulator.root()), size + " leaves");
        }
    }

    @Test
    void anAccumulatorResumedFromItsFrontierGoesOnAsTheOriginalWould() {
        for (int stop = 0; stop <= 70; stop++) {
            var original = new MerkleAccumulator();
            for (int i = 0; i < stop; i++) {
                original.append(LEAVES.get(i));
            }
            var resumed = MerkleAccumulator.resume(stop, original.frontier());
            assertEquals(Long.bitCount(stop) * 32, original.frontier().length);
            for (int i = stop; i < 100; i++) {
                original.append(LEAVES.get(i));
                resumed.append(LEAVES.get(i));
                assertEquals(HEX.formatHex(original.root()), HEX.formatHex(resumed.root()), "stopped at " + stop + ", now " + (i + 1));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> MerkleAccumulator.resume(3, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> MerkleAccumulator.resume(-1, new byte[0]));
    }

    @Test
    void aCopyGoesOnIndependentlyOfItsOriginal() {
        var original = new MerkleAccumulator();
        LEAVES.subList(0, 11).forEach(original::append);
        var copy = original.copy();
        assertEquals(11, copy.size());
        assertEquals(HEX.formatHex(original.root()), HEX.formatHex(copy.root()));

        LEAVES.subList(11, 40).forEach(original::append);
        assertEquals(11, copy.size());
        assertEquals(HEX.formatHex(MerkleTree.root(LEAVES.subList(0, 11))), HEX.formatHex(copy.root()));

        copy.append(LEAVES.get(299));
        assertEquals(40, original.size());
        assertEquals(HEX.formatHex(MerkleTree.root(LEAVES.subList(0, 40))), HEX.formatHex(original.root()));
        List<byte[]> divergent = new ArrayList<>(LEAVES.subList(0, 11));
        divergent.add(LEAVES.get(299));
        assertEquals(HEX.formatHex(MerkleTree.root(divergent)), HEX.formatHex(copy.root()));
    }

    @Test
    void changingAReturnedRootOrAppendedLeafChangesNothingInside() {
        var accumulator = new MerkleAccumulator();
        byte[] leaf = LEAVES.get(0).clone();
        accumulator.append(leaf);
        accumulator.append(LEAVES.get(1));
        leaf[0] ^= 1;
        byte[] root = accumulator.root();
        String expected = HEX.formatHex(MerkleTree.root(LEAVES.subList(0, 2)));
        assertEquals(expected, HEX.formatHex(root));
        root[5] ^= 1;
        assertNotSame(root, accumulator.root());
        assertEquals(expected, HEX.formatHex(accumulator.root()));
    }

    @Test
    void refusesAnythingButA32ByteLeafHash() {
        var accumulator = new MerkleAccumulator();
        assertThrows(IllegalArgumentException.class, () -> accumulator.append(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> accumulator.append(new byte[33]));
        assertThrows(NullPointerException.class, () -> accumulator.append(null));
        assertEquals(0, accumulator.size());
    }
}
