package dev.ragline.retriever.index;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PassageSplitterTest {

	@Test
	void keepsAShortDocumentWhole() {
		assertThat(new PassageSplitter(5, 1).split("  one two three  ")).containsExactly("one two three");
	}

	@Test
	void splitsIntoPassagesThatRepeatTheOverlap() {
		assertThat(new PassageSplitter(4, 1).split("a b c d e f g h i j")).containsExactly("a b c d", "d e f g",
				"g h i j");
	}

	@Test
	void refusesAnOverlapAsLongAsThePassage() {
		assertThatThrownBy(() -> new PassageSplitter(4, 4)).isInstanceOf(IllegalArgumentException.class);
	}

}
