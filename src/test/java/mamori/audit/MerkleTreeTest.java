package mamori.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static mamori.audit.MerkleProofException.Failure.BAD_SIZES;
import static mamori.audit.MerkleProofException.Failure.INDEX_OUT_OF_RANGE;
import static mamori.audit.MerkleProofException.Failure.NEW_ROOT_MISMATCH;
import static mamori.audit.MerkleProofException.Failure.OLD_ROOT_MISMATCH;
import static mamori.audit.MerkleProofException.Failure.ROOT_MISMATCH;
import static mamori.audit.MerkleProofException.Failure.WRONG_PROOF_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mamori.audit.MerkleProofException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int LARGEST_EXHAUSTIVE_TREE = 64;
    private static final List<byte[]> LEAVES = IntStream.range(0, 2048)
            .mapToObj(i -> MerkleTree.leafHash(("audit entry " + i).getBytes(UTF_8)))
            .toList();

    // ---------------------------------------------------------------------------------------
    // Published vectors (samples/merkle/rfc6962-reference.txt, rfc6962-broken.txt)

    @Test
    void emptyTreeRootIsTheSha256OfTheEmptyString() {
        ReferenceTree reference = ReferenceTree.load();
        assertHex(reference.emptyRoot(), MerkleTree.emptyRoot());
        assertHex(reference.emptyRoot(), MerkleTree.root(List.of()));
    }

    @Test
    void leafAndNodeHashesUseTheirDomainPrefixes() {
        ReferenceTree reference = ReferenceTree.load();
        byte[] first = MerkleTree.leafHash(reference.leafData().get(0));
        byte[] second = MerkleTree.leafHash(reference.leafData().get(1));
        assertHex(reference.root(1), first);
        assertHex(reference.root(2), MerkleTree.nodeHash(first, second));
        assertHex(reference.root(2), Rfc9162Recursive.sha256(new byte[] {1}, first, second));
        assertHex(reference.root(1), Rfc9162Recursive.sha256(new byte[] {0}, reference.leafData().get(0)));
    }

    static Stream<Arguments> publishedRoots() {
        ReferenceTree reference = ReferenceTree.load();
        return reference.roots().keySet().stream().map(size -> Arguments.of(size, HEX.formatHex(reference.root(size))));
    }

    @ParameterizedTest(name = "{0} leaves -> {1}")
    @MethodSource("publishedRoots")
    void rootOfEachPrefixOfTheReferenceTreeIsThePublishedRoot(int size, String expectedHex) {
        List<byte[]> leaves = ReferenceTree.load().leafHashes().subList(0, size);
        assertEquals(expectedHex, HEX.formatHex(MerkleTree.root(leaves)));
        assertEquals(expectedHex, HEX.formatHex(Rfc9162Recursive.mth(leaves)));
    }

    static Stream<PublishedProof> publishedInclusionProofs() {
        return ReferenceTree.load().inclusionProofs().stream();
    }

    @ParameterizedTest(name = "leaf {0}")
    @MethodSource("publishedInclusionProofs")
    void publishedInclusionProofsAreReproducedAndVerify(PublishedProof published) throws MerkleProofException {
        ReferenceTree reference = ReferenceTree.load();
        List<byte[]> leaves = reference.leafHashes().subList(0, published.size());
        List<byte[]> produced = MerkleTree.inclusionProof(leaves, published.first());
        assertEquals(hex(published.proof()), hex(produced));
        MerkleTree.verifyInclusion(leaves.get(published.first()), published.first(), published.size(),
                published.proof(), reference.root(published.size()));
    }

    static Stream<PublishedProof> publishedConsistencyProofs() {
        return ReferenceTree.load().consistencyProofs().stream();
    }

    @ParameterizedTest(name = "from {0}")
    @MethodSource("publishedConsistencyProofs")
    void publishedConsistencyProofsAreReproducedAndVerify(PublishedProof published) throws MerkleProofException {
        ReferenceTree reference = ReferenceTree.load();
        List<byte[]> leaves = reference.leafHashes().subList(0, published.size());
        List<byte[]> produced = MerkleTree.consistencyProof(leaves, published.first());
        assertEquals(hex(published.proof()), hex(produced));
        MerkleTree.verifyConsistency(published.first(), published.size(), reference.root(published.first()),
                reference.root(published.size()), published.proof());
    }

    static Stream<BrokenCase> tamperedPublishedProofs() {
        return BrokenCase.load().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedPublishedProofs")
    void tamperedPublishedProofsFailAtTheStepTheRfcNames(BrokenCase tampered) {
        assertEquals(tampered.expected(), outcome(() -> tampered.verify(ReferenceTree.load())), tampered.line());
    }

    // ---------------------------------------------------------------------------------------
    // Every small tree, against the recursive definitions of RFC 9162 §2.1

    static IntStream treeSizes() {
        return IntStream.rangeClosed(1, LARGEST_EXHAUSTIVE_TREE);
    }

    static IntStream rootSizes() {
        return IntStream.concat(IntStream.rangeClosed(0, LARGEST_EXHAUSTIVE_TREE),
                IntStream.of(100, 127, 128, 129, 255, 256, 257, 1000, 1023, 1024, 1025, 2047, 2048));
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("rootSizes")
    void rootIsTheMerkleTreeHashOfRfc9162(int size) {
        assertHex(Rfc9162Recursive.mth(leaves(size)), MerkleTree.root(leaves(size)));
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("treeSizes")
    void everyInclusionProofIsThePathOfRfc9162AndVerifies(int size) throws MerkleProofException {
        List<byte[]> leaves = leaves(size);
        byte[] root = MerkleTree.root(leaves);
        for (int index = 0; index < size; index++) {
            List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);
            List<byte[]> path = Rfc9162Recursive.path(index, leaves).stream().map(PathElement::hash).toList();
            assertEquals(hex(path), hex(proof), "PATH(" + index + ", D[" + size + "])");
            MerkleTree.verifyInclusion(leaves.get(index), index, size, proof, root);
        }
    }

    @ParameterizedTest(name = "to {0} leaves")
    @MethodSource("treeSizes")
    void everyConsistencyProofIsTheProofOfRfc9162AndVerifies(int newSize) throws MerkleProofException {
        List<byte[]> leaves = leaves(newSize);
        byte[] newRoot = MerkleTree.root(leaves);
        for (int oldSize = 1; oldSize <= newSize; oldSize++) {
            List<byte[]> proof = MerkleTree.consistencyProof(leaves, oldSize);
            List<byte[]> expected = Rfc9162Recursive.proof(oldSize, leaves).stream().map(ProofElement::hash).toList();
            assertEquals(hex(expected), hex(proof), "PROOF(" + oldSize + ", D[" + newSize + "])");
            MerkleTree.verifyConsistency(oldSize, newSize, MerkleTree.root(leaves(oldSize)), newRoot, proof);
        }
    }

    @Test
    void proofsAreTheSameForAnyKindOfList() {
        List<byte[]> linked = new LinkedList<>(leaves(37));
        assertEquals(hex(MerkleTree.inclusionProof(leaves(37), 21)), hex(MerkleTree.inclusionProof(linked, 21)));
        assertEquals(hex(MerkleTree.consistencyProof(leaves(37), 13)), hex(MerkleTree.consistencyProof(linked, 13)));
        assertHex(MerkleTree.root(leaves(37)), MerkleTree.root(linked));
    }

    // ---------------------------------------------------------------------------------------
    // Broken inclusion proofs, in every small tree

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("treeSizes")
    void aFlippedBitAnywhereInAnInclusionProofIsARootMismatch(int size) {
        List<byte[]> leaves = leaves(size);
        byte[] root = MerkleTree.root(leaves);
        for (int index = 0; index < size; index++) {
            int leaf = index;
            List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);
            for (int element = 0; element < proof.size(); element++) {
                for (int bit : new int[] {0, 3, 131, 255}) {
                    List<byte[]> tampered = flipBit(proof, element, bit);
                    assertEquals(Optional.of(ROOT_MISMATCH),
                            outcome(() -> MerkleTree.verifyInclusion(leaves.get(leaf), leaf, size, tampered, root)),
                            "leaf " + index + " of " + size + ", bit " + bit + " of element " + element);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("treeSizes")
    void aMissingOrExtraInclusionProofElementIsAWrongLength(int size) {
        List<byte[]> leaves = leaves(size);
        byte[] root = MerkleTree.root(leaves);
        for (int index = 0; index < size; index++) {
            int leaf = index;
            List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);
            List<List<byte[]>> wrongLengths = new ArrayList<>();
            wrongLengths.add(with(proof, proof.size(), root));
            wrongLengths.add(with(proof, 0, leaves.get(index)));
            wrongLengths.add(with(proof, 0, new byte[0]));
            if (!proof.isEmpty()) {
                wrongLengths.add(proof.subList(0, proof.size() - 1));
                wrongLengths.add(proof.subList(1, proof.size()));
                wrongLengths.add(without(proof, proof.size() / 2));
                wrongLengths.add(with(proof, proof.size() / 2, proof.get(proof.size() / 2)));
            }
            for (List<byte[]> wrong : wrongLengths) {
                assertEquals(Optional.of(WRONG_PROOF_LENGTH),
                        outcome(() -> MerkleTree.verifyInclusion(leaves.get(leaf), leaf, size, wrong, root)),
                        "leaf " + index + " of " + size + " with " + wrong.size() + " instead of " + proof.size()
                                + " hashes");
            }
        }
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("treeSizes")
    void aWrongLeafIndexNeverVerifies(int size) {
        List<byte[]> leaves = leaves(size);
        byte[] root = MerkleTree.root(leaves);
        for (int index = 0; index < size; index++) {
            int leaf = index;
            List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);
            long[] claims = {index - 1, index + 1, index ^ 1, index ^ 2, index ^ 4, 0, size - 1, size, size + 1,
                    2L * size, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
            for (long claimed : claims) {
                if (claimed == index) {
                    continue;
                }
                Optional<Failure> expected =
                        Rfc9162Recursive.inclusionOutcome(index, size, claimed, size, proof.size());
                assertTrue(expected.isPresent(), "two leaves of one tree share a path shape");
                assertEquals(expected,
                        outcome(() -> MerkleTree.verifyInclusion(leaves.get(leaf), claimed, size, proof, root)),
                        "leaf " + index + " of " + size + " claimed as leaf " + claimed);
            }
        }
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("treeSizes")
    void aWrongTreeSizeFailsUnlessTheLeafsPathHasTheSameShapeInIt(int size) {
        List<byte[]> leaves = leaves(size);
        byte[] root = MerkleTree.root(leaves);
        for (int index = 0; index < size; index++) {
            int leaf = index;
            List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);
            long[] claims = {size - 1, size + 1, size / 2, 2L * size, 2L * size - 1, 1, 0, -size,
                    Integer.MAX_VALUE, Long.MAX_VALUE};
            for (long claimed : claims) {
                if (claimed == size) {
                    continue;
                }
                Optional<Failure> expected =
                        Rfc9162Recursive.inclusionOutcome(index, size, index, claimed, proof.size());
                assertEquals(expected,
                        outcome(() -> MerkleTree.verifyInclusion(leaves.get(leaf), leaf, claimed, proof, root)),
                        "leaf " + index + " of " + size + " claimed in a tree of " + claimed);
            }
        }
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("treeSizes")
    void aWrongRootOrLeafIsARootMismatch(int size) {
        List<byte[]> leaves = leaves(size);
        byte[] root = MerkleTree.root(leaves);
        List<byte[]> wrongRoots = new ArrayList<>();
        wrongRoots.add(MerkleTree.emptyRoot());
        wrongRoots.add(flipBit(List.of(root), 0, 0).getFirst());
        wrongRoots.add(flipBit(List.of(root), 0, 255).getFirst());
        wrongRoots.add(Arrays.copyOf(root, 31));
        wrongRoots.add(MerkleTree.root(leaves(size + 1)));
        if (size > 1) {
            wrongRoots.add(MerkleTree.root(leaves(size - 1)));
        }
        for (int index = 0; index < size; index++) {
            int leaf = index;
            List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);
            for (byte[] wrongRoot : wrongRoots) {
                assertEquals(Optional.of(ROOT_MISMATCH),
                        outcome(() -> MerkleTree.verifyInclusion(leaves.get(leaf), leaf, size, proof, wrongRoot)),
                        "leaf " + index + " of " + size);
            }
            for (byte[] wrongLeaf : List.of(LEAVES.get(size), flipBit(List.of(leaves.get(index)), 0, 7).getFirst(),
                    MerkleTree.leafHash(new byte[0]))) {
                assertEquals(Optional.of(ROOT_MISMATCH),
                        outcome(() -> MerkleTree.verifyInclusion(wrongLeaf, leaf, size, proof, root)),
                        "another leaf hash at index " + index + " of " + size);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Broken consistency proofs, for every pair of small trees

    @ParameterizedTest(name = "to {0} leaves")
    @MethodSource("treeSizes")
    void aFlippedBitInAConsistencyProofFailsAtTheRootThatElementFeeds(int newSize) {
        List<byte[]> leaves = leaves(newSize);
        byte[] newRoot = MerkleTree.root(leaves);
        for (int oldSize = 1; oldSize < newSize; oldSize++) {
            int from = oldSize;
            byte[] oldRoot = MerkleTree.root(leaves(oldSize));
            List<byte[]> proof = MerkleTree.consistencyProof(leaves, oldSize);
            List<ProofElement> meaning = Rfc9162Recursive.proof(oldSize, leaves);
            for (int element = 0; element < proof.size(); element++) {
                Failure expected = meaning.get(element).feedsOldRoot() ? OLD_ROOT_MISMATCH : NEW_ROOT_MISMATCH;
                for (int bit : new int[] {0, 4, 200, 255}) {
                    List<byte[]> tampered = flipBit(proof, element, bit);
                    assertEquals(Optional.of(expected),
                            outcome(() -> MerkleTree.verifyConsistency(from, newSize, oldRoot, newRoot, tampered)),
                            from + " -> " + newSize + ", bit " + bit + " of element " + element);
                }
            }
        }
    }

    @ParameterizedTest(name = "to {0} leaves")
    @MethodSource("treeSizes")
    void aTruncatedPaddedOrEmptyConsistencyProofIsAWrongLength(int newSize) {
        List<byte[]> leaves = leaves(newSize);
        byte[] newRoot = MerkleTree.root(leaves);
        for (int oldSize = 1; oldSize <= newSize; oldSize++) {
            int from = oldSize;
            byte[] oldRoot = MerkleTree.root(leaves(oldSize));
            List<byte[]> proof = MerkleTree.consistencyProof(leaves, oldSize);
            List<List<byte[]>> wrongLengths = new ArrayList<>();
            wrongLengths.add(with(proof, proof.size(), newRoot));
            wrongLengths.add(with(proof, 0, oldRoot));
            if (!proof.isEmpty()) {
                wrongLengths.add(List.of());
                wrongLengths.add(proof.subList(0, proof.size() - 1));
                wrongLengths.add(proof.subList(1, proof.size()));
                wrongLengths.add(with(proof, 1, proof.getFirst()));
            }
            for (List<byte[]> wrong : wrongLengths) {
                assertEquals(Optional.of(WRONG_PROOF_LENGTH),
                        outcome(() -> MerkleTree.verifyConsistency(from, newSize, oldRoot, newRoot, wrong)),
                        from + " -> " + newSize + " with " + wrong.size() + " instead of " + proof.size() + " hashes");
            }
        }
    }

    @ParameterizedTest(name = "to {0} leaves")
    @MethodSource("treeSizes")
    void swappedShrinkingOrEmptySizesAreBadSizes(int newSize) {
        List<byte[]> leaves = leaves(newSize);
        byte[] newRoot = MerkleTree.root(leaves);
        for (int oldSize = 1; oldSize <= newSize; oldSize++) {
            int from = oldSize;
            byte[] oldRoot = MerkleTree.root(leaves(oldSize));
            List<byte[]> proof = MerkleTree.consistencyProof(leaves, oldSize);
            long[][] claims = {{newSize, oldSize - 1}, {newSize + 1, newSize}, {0, newSize}, {-oldSize, newSize},
                    {oldSize, -newSize}, {Long.MAX_VALUE, newSize}, {Long.MIN_VALUE, newSize}};
            for (long[] claim : claims) {
                assertEquals(Optional.of(BAD_SIZES),
                        outcome(() -> MerkleTree.verifyConsistency(claim[0], claim[1], oldRoot, newRoot, proof)),
                        from + " -> " + newSize + " claimed as " + claim[0] + " -> " + claim[1]);
            }
            if (oldSize < newSize) {
                assertEquals(Optional.of(BAD_SIZES),
                        outcome(() -> MerkleTree.verifyConsistency(newSize, from, newRoot, oldRoot, proof)),
                        from + " -> " + newSize + " with sizes and roots swapped");
                assertEquals(Optional.of(BAD_SIZES),
                        outcome(() -> MerkleTree.verifyConsistency(newSize, from, oldRoot, newRoot, proof)),
                        from + " -> " + newSize + " with the sizes swapped");
            }
        }
    }

    @ParameterizedTest(name = "to {0} leaves")
    @MethodSource("treeSizes")
    void aWrongOldRootFailsAtTheOldRootUnlessTheOldSizeIsAPowerOfTwo(int newSize) {
        List<byte[]> leaves = leaves(newSize);
        byte[] newRoot = MerkleTree.root(leaves);
        for (int oldSize = 1; oldSize <= newSize; oldSize++) {
            int from = oldSize;
            byte[] oldRoot = MerkleTree.root(leaves(oldSize));
            List<byte[]> proof = MerkleTree.consistencyProof(leaves, oldSize);
            // RFC 9162 §2.1.4.2 step 2 starts the path from the old root itself when the old size
            // is a power of two, so only the new root can disagree; equal sizes compare the roots.
            boolean onlyNewRootCanDisagree = Long.bitCount(oldSize) == 1 || oldSize == newSize;
            Failure expected = onlyNewRootCanDisagree ? NEW_ROOT_MISMATCH : OLD_ROOT_MISMATCH;
            List<byte[]> wrongOldRoots = new ArrayList<>(List.of(MerkleTree.emptyRoot(),
                    flipBit(List.of(oldRoot), 0, 0).getFirst(), flipBit(List.of(oldRoot), 0, 250).getFirst(),
                    MerkleTree.root(leaves(oldSize + 1))));
            if (oldSize > 1) {
                wrongOldRoots.add(MerkleTree.root(leaves(oldSize - 1)));
            }
            for (byte[] wrongOldRoot : wrongOldRoots) {
                assertEquals(Optional.of(expected),
                        outcome(() -> MerkleTree.verifyConsistency(from, newSize, wrongOldRoot, newRoot, proof)),
                        from + " -> " + newSize);
            }
        }
    }

    @ParameterizedTest(name = "to {0} leaves")
    @MethodSource("treeSizes")
    void aWrongNewRootIsANewRootMismatch(int newSize) {
        List<byte[]> leaves = leaves(newSize);
        byte[] newRoot = MerkleTree.root(leaves);
        List<byte[]> wrongNewRoots = new ArrayList<>(List.of(MerkleTree.emptyRoot(),
                flipBit(List.of(newRoot), 0, 1).getFirst(), flipBit(List.of(newRoot), 0, 254).getFirst(),
                MerkleTree.root(leaves(newSize + 1))));
        if (newSize > 1) {
            wrongNewRoots.add(MerkleTree.root(leaves(newSize - 1)));
        }
        for (int oldSize = 1; oldSize <= newSize; oldSize++) {
            int from = oldSize;
            byte[] oldRoot = MerkleTree.root(leaves(oldSize));
            List<byte[]> proof = MerkleTree.consistencyProof(leaves, oldSize);
            for (byte[] wrongNewRoot : wrongNewRoots) {
                assertEquals(Optional.of(NEW_ROOT_MISMATCH),
                        outcome(() -> MerkleTree.verifyConsistency(from, newSize, oldRoot, wrongNewRoot, proof)),
                        from + " -> " + newSize);
            }
        }
    }

    @Test
    void equalSizesVerifyOnlyWithAnEmptyProofAndEqualRoots() throws MerkleProofException {
        byte[] root = MerkleTree.root(leaves(5));
        MerkleTree.verifyConsistency(5, 5, root, root.clone(), List.of());
        assertEquals(Optional.of(NEW_ROOT_MISMATCH),
                outcome(() -> MerkleTree.verifyConsistency(5, 5, root, MerkleTree.root(leaves(4)), List.of())));
        assertEquals(Optional.of(WRONG_PROOF_LENGTH),
                outcome(() -> MerkleTree.verifyConsistency(5, 5, root, root, List.of(root))));
    }

    @Test
    void aFailureSaysWhatFailedInItsMessage() {
        List<byte[]> leaves = leaves(6);
        var failure = assertThrows(MerkleProofException.class, () -> MerkleTree.verifyInclusion(leaves.get(2), 2, 6,
                MerkleTree.inclusionProof(leaves, 2), MerkleTree.emptyRoot()));
        assertEquals(ROOT_MISMATCH, failure.failure());
        assertTrue(failure.getMessage().startsWith("ROOT_MISMATCH: "), failure.getMessage());
        assertTrue(failure.getMessage().contains("leaf 2") && failure.getMessage().contains("6 leaves"),
                failure.getMessage());
    }

    // ---------------------------------------------------------------------------------------
    // Arguments that no proof can be made for

    @Test
    void proofsAreOnlyMadeForLeavesAndSizesInTheTree() {
        List<byte[]> leaves = leaves(5);
        assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.inclusionProof(leaves, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.inclusionProof(leaves, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.inclusionProof(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(leaves, 0));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(leaves, 6));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(List.of(), 1));
        assertEquals(List.of(), MerkleTree.consistencyProof(leaves, 5));
    }

    @Test
    void leafHashesMustBe32Bytes() {
        List<byte[]> short31 = List.of(LEAVES.get(0), new byte[31]);
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.root(short31));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(short31, 0));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(short31, 1));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.nodeHash(new byte[33], LEAVES.get(0)));
        assertThrows(NullPointerException.class, () -> MerkleTree.root(Arrays.asList(LEAVES.get(0), null)));
    }

    // ---------------------------------------------------------------------------------------
    // Size

    @Test
    void aMillionLeafTreeGivesProofsThatVerifyAgainstItsRoot() throws MerkleProofException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        List<byte[]> leaves = new ArrayList<>(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            sha256.update((byte) 0);
            leaves.add(sha256.digest(Integer.toString(i).getBytes(UTF_8)));
        }
        // Speed is measured by `mamori bench audit`, never asserted here.
        byte[] root = MerkleTree.root(leaves);

        // A proof built from range roots and checked by the RFC's bit arithmetic agrees with it.
        MerkleTree.verifyInclusion(leaves.get(777_777), 777_777, leaves.size(),
                MerkleTree.inclusionProof(leaves, 777_777), root);
        MerkleTree.verifyConsistency(654_321, leaves.size(), MerkleTree.root(leaves.subList(0, 654_321)), root,
                MerkleTree.consistencyProof(leaves, 654_321));
    }

    /// 2^40 equal leaves: every subtree of 2^h of them has the same root, so the proofs of a tree
    /// far beyond any list can be written down by hand.
    @Test
    void verifiersHandleTreeSizesBeyondTheIntRange() throws MerkleProofException {
        byte[] leaf = MerkleTree.leafHash("same".getBytes(UTF_8));
        List<byte[]> perfect = new ArrayList<>(List.of(leaf)); // perfect.get(h): root of 2^h leaves
        for (int height = 1; height <= 40; height++) {
            perfect.add(MerkleTree.nodeHash(perfect.getLast(), perfect.getLast()));
        }
        long size = 1L << 40;
        byte[] root = perfect.get(40);
        List<byte[]> path = perfect.subList(0, 40);
        for (long index : new long[] {0, 1, 12_345_678_901L, size / 2, size - 2, size - 1}) {
            MerkleTree.verifyInclusion(leaf, index, size, path, root);
        }
        assertEquals(Optional.of(INDEX_OUT_OF_RANGE),
                outcome(() -> MerkleTree.verifyInclusion(leaf, size, size, path, root)));

        // One leaf more hangs it off the right of the perfect tree: PATH gains that leaf (or is
        // just the perfect tree's root, for the new leaf), and PROOF(2^40, D[2^40 + 1]) is the leaf.
        byte[] grown = MerkleTree.nodeHash(root, leaf);
        MerkleTree.verifyInclusion(leaf, size - 1, size + 1, with(path, path.size(), leaf), grown);
        MerkleTree.verifyInclusion(leaf, size, size + 1, List.of(root), grown);
        MerkleTree.verifyConsistency(size, size + 1, root, grown, List.of(leaf));

        // PROOF(3, D[2^40]): SUBPROOF descends the left edge to D[0:4], where SUBPROOF(3, D[0:4])
        // is leaf 2, leaf 3, MTH(D[0:2]); each level above adds its right half, 2^2 .. 2^39 leaves.
        byte[] three = MerkleTree.nodeHash(perfect.get(1), leaf);
        List<byte[]> proof = new ArrayList<>(List.of(leaf, leaf));
        proof.addAll(perfect.subList(1, 40));
        MerkleTree.verifyConsistency(3, size, three, root, proof);
        assertEquals(Optional.of(WRONG_PROOF_LENGTH),
                outcome(() -> MerkleTree.verifyConsistency(3, size + 1, three, grown, proof)));
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    static List<byte[]> leaves(int size) {
        return LEAVES.subList(0, size);
    }

    @FunctionalInterface
    interface Verification {
        void run() throws MerkleProofException;
    }

    /// Empty when the proof verifies.
    static Optional<Failure> outcome(Verification verification) {
        try {
            verification.run();
            return Optional.empty();
        } catch (MerkleProofException e) {
            return Optional.of(e.failure());
        }
    }

    static List<byte[]> flipBit(List<byte[]> hashes, int element, int bit) {
        List<byte[]> copy = new ArrayList<>(hashes);
        byte[] flipped = copy.get(element).clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        copy.set(element, flipped);
        return copy;
    }

    static List<byte[]> with(List<byte[]> hashes, int position, byte[] extra) {
        List<byte[]> copy = new ArrayList<>(hashes);
        copy.add(position, extra);
        return copy;
    }

    static List<byte[]> without(List<byte[]> hashes, int position) {
        List<byte[]> copy = new ArrayList<>(hashes);
        copy.remove(position);
        return copy;
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    static void assertHex(byte[] expected, byte[] actual) {
        assertNotNull(actual);
        assertEquals(HEX.formatHex(expected), HEX.formatHex(actual));
    }

    // ---------------------------------------------------------------------------------------
    // The oracle

    record PathElement(byte[] hash, Side side) {
    }

    /// Which side of the path the sibling subtree is on.
    enum Side {
        LEFT, RIGHT
    }

    /// `feedsOldRoot`: the element lies inside the old tree, so a verifier hashes it into the old
    /// root as well as the new one (RFC 9162 §2.1.4.2 step 6b).
    record ProofElement(byte[] hash, boolean feedsOldRoot) {
    }

    /// RFC 9162 §2.1.1 MTH, §2.1.3.1 PATH and §2.1.4.1 PROOF/SUBPROOF transcribed as the RFC writes
    /// them: recursive, slicing `D[n]` into sublists, hashing with its own digest. Slow and plainly
    /// right; the iterative code under test must produce exactly the same lists.
    static final class Rfc9162Recursive {

        private Rfc9162Recursive() {
        }

        /// Over leaf hashes, so the hash of a one-leaf tree is that leaf hash.
        static byte[] mth(List<byte[]> d) {
            int n = d.size();
            if (n == 0) {
                return sha256();
            }
            if (n == 1) {
                return d.getFirst();
            }
            int k = (int) k(n);
            return sha256(new byte[] {1}, mth(d.subList(0, k)), mth(d.subList(k, n)));
        }

        static List<PathElement> path(int m, List<byte[]> d) {
            int n = d.size();
            if (n == 1) {
                return List.of();
            }
            int k = (int) k(n);
            List<PathElement> path = new ArrayList<>();
            if (m < k) {
                path.addAll(path(m, d.subList(0, k)));
                path.add(new PathElement(mth(d.subList(k, n)), Side.RIGHT));
            } else {
                path.addAll(path(m - k, d.subList(k, n)));
                path.add(new PathElement(mth(d.subList(0, k)), Side.LEFT));
            }
            return path;
        }

        /// The sides of `PATH(m, D[n])`, which depend on m and n alone: all an inclusion verifier
        /// learns from the index and tree size it is given.
        static List<Side> pathShape(long m, long n) {
            if (n == 1) {
                return List.of();
            }
            long k = k(n);
            List<Side> shape = new ArrayList<>(m < k ? pathShape(m, k) : pathShape(m - k, n - k));
            shape.add(m < k ? Side.RIGHT : Side.LEFT);
            return shape;
        }

        /// What RFC 9162 §2.1.3.2 must conclude when the audit path of leaf `trueIndex` in a tree
        /// of `trueSize` is checked as if it were for leaf `index` in a tree of `size`.
        static Optional<Failure> inclusionOutcome(long trueIndex, long trueSize, long index, long size,
                int proofLength) {
            if (index < 0 || index >= size) {
                return Optional.of(INDEX_OUT_OF_RANGE);
            }
            List<Side> claimed = pathShape(index, size);
            if (claimed.size() != proofLength) {
                return Optional.of(WRONG_PROOF_LENGTH);
            }
            return claimed.equals(pathShape(trueIndex, trueSize)) ? Optional.empty() : Optional.of(ROOT_MISMATCH);
        }

        static List<ProofElement> proof(int m, List<byte[]> d) {
            return subproof(m, d, true);
        }

        static List<ProofElement> subproof(int m, List<byte[]> d, boolean b) {
            int n = d.size();
            if (m == n) {
                return b ? List.of() : List.of(new ProofElement(mth(d), true));
            }
            int k = (int) k(n);
            List<ProofElement> proof = new ArrayList<>();
            if (m <= k) {
                proof.addAll(subproof(m, d.subList(0, k), b));
                proof.add(new ProofElement(mth(d.subList(k, n)), false));
            } else {
                proof.addAll(subproof(m - k, d.subList(k, n), false));
                proof.add(new ProofElement(mth(d.subList(0, k)), true));
            }
            return proof;
        }

        /// The largest power of two smaller than n.
        static long k(long n) {
            long k = 1;
            while (k < n - k) {
                k *= 2;
            }
            return k;
        }

        static byte[] sha256(byte[]... parts) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (byte[] part : parts) {
                    digest.update(part);
                }
                return digest.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Fixtures

    /// A published proof: leaf index or old size `first`, tree size or new size `size`.
    record PublishedProof(int first, int size, List<byte[]> proof) {
        @Override
        public String toString() {
            return first + " in " + size;
        }
    }

    record ReferenceTree(List<byte[]> leafData, byte[] emptyRoot, TreeMap<Integer, byte[]> roots,
            List<PublishedProof> inclusionProofs, List<PublishedProof> consistencyProofs) {

        static ReferenceTree load() {
            List<byte[]> leafData = new ArrayList<>();
            byte[] emptyRoot = null;
            TreeMap<Integer, byte[]> roots = new TreeMap<>();
            List<PublishedProof> inclusion = new ArrayList<>();
            List<PublishedProof> consistency = new ArrayList<>();
            for (String line : fixtureLines("rfc6962-reference.txt")) {
                String[] words = line.split("\\s+");
                switch (words[0]) {
                    case "leaf" -> leafData.add(words.length == 1 ? new byte[0] : HEX.parseHex(words[1]));
                    case "empty-root" -> emptyRoot = HEX.parseHex(words[1]);
                    case "root" -> roots.put(Integer.parseInt(words[1]), HEX.parseHex(words[2]));
                    case "inclusion" -> inclusion.add(publishedProof(words));
                    case "consistency" -> consistency.add(publishedProof(words));
                    default -> throw new IllegalStateException("Unknown fixture line: " + line);
                }
            }
            return new ReferenceTree(List.copyOf(leafData), emptyRoot, roots, List.copyOf(inclusion),
                    List.copyOf(consistency));
        }

        List<byte[]> leafHashes() {
            return leafData.stream().map(MerkleTree::leafHash).toList();
        }

        byte[] root(int size) {
            return roots.get(size).clone();
        }

        PublishedProof inclusionProof(int index, int size) {
            return find(inclusionProofs, index, size);
        }

        PublishedProof consistencyProof(int oldSize, int newSize) {
            return find(consistencyProofs, oldSize, newSize);
        }

        private static PublishedProof find(List<PublishedProof> proofs, int first, int size) {
            return proofs.stream().filter(p -> p.first() == first && p.size() == size).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No published proof " + first + " in " + size));
        }

        private static PublishedProof publishedProof(String[] words) {
            List<byte[]> proof = Arrays.stream(words, 3, words.length).map(HEX::parseHex).toList();
            return new PublishedProof(Integer.parseInt(words[1]), Integer.parseInt(words[2]), proof);
        }
    }

    /// One line of rfc6962-broken.txt: a published proof, a tampering, and what it must cause.
    record BrokenCase(String line, Optional<Failure> expected, String kind, int first, int size, String mutation,
            List<String> arguments) {

        static List<BrokenCase> load() {
            return fixtureLines("rfc6962-broken.txt").stream().map(BrokenCase::parse).toList();
        }

        private static BrokenCase parse(String line) {
            String[] words = line.split("\\s+");
            Optional<Failure> expected = words[0].equals("VERIFIES") ? Optional.empty()
                    : Optional.of(Failure.valueOf(words[0]));
            return new BrokenCase(line, expected, words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]),
                    words[4], List.of(words).subList(5, words.length));
        }

        void verify(ReferenceTree reference) throws MerkleProofException {
            switch (kind) {
                case "inclusion" -> verifyInclusion(reference);
                case "consistency" -> verifyConsistency(reference);
                default -> throw new IllegalStateException("Unknown proof kind: " + line);
            }
        }

        private void verifyInclusion(ReferenceTree reference) throws MerkleProofException {
            List<byte[]> proof = reference.inclusionProof(first, size).proof();
            byte[] leafHash = reference.leafHashes().get(first);
            long index = first;
            long treeSize = size;
            byte[] root = reference.root(size);
            switch (mutation) {
                case "index" -> index = number(0);
                case "size" -> treeSize = number(0);
                case "root-of" -> root = reference.root((int) number(0));
                default -> proof = tamper(proof, root);
            }
            MerkleTree.verifyInclusion(leafHash, index, treeSize, proof, root);
        }

        private void verifyConsistency(ReferenceTree reference) throws MerkleProofException {
            List<byte[]> proof = reference.consistencyProof(first, size).proof();
            long oldSize = first;
            long newSize = size;
            byte[] oldRoot = reference.root(first);
            byte[] newRoot = reference.root(size);
            switch (mutation) {
                case "sizes" -> {
                    oldSize = number(0);
                    newSize = number(1);
                }
                case "old-root-of" -> oldRoot = reference.root((int) number(0));
                case "new-root-of" -> newRoot = reference.root((int) number(0));
                case "swap-roots" -> {
                    oldRoot = reference.root(size);
                    newRoot = reference.root(first);
                }
                default -> proof = tamper(proof, newRoot);
            }
            MerkleTree.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
        }

        private List<byte[]> tamper(List<byte[]> proof, byte[] root) {
            return switch (mutation) {
                case "flip" -> flipBit(proof, (int) number(0), 3);
                case "drop-first" -> proof.subList(1, proof.size());
                case "drop-last" -> proof.subList(0, proof.size() - 1);
                case "append-root" -> with(proof, proof.size(), root);
                case "prepend-root" -> with(proof, 0, root);
                case "empty-proof" -> List.of();
                default -> throw new IllegalStateException("Unknown mutation: " + line);
            };
        }

        private long number(int position) {
            return Long.parseLong(arguments.get(position));
        }

        @Override
        public String toString() {
            return line.replaceAll("\\s+", " ");
        }
    }

    static List<String> fixtureLines(String name) {
        String resource = "/mamori/audit/samples/merkle/" + name;
        try (InputStream in = MerkleTreeTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing test fixture " + resource);
            }
            var reader = new BufferedReader(new InputStreamReader(in, UTF_8));
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
