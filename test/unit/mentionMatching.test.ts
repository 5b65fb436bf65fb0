// The `@` completion's globs and order (src/host/mentionMatching.ts), checked with picomatch, the
// glob matcher the project already uses, standing in for findFiles' own.
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { excludeGlob, gitignoreGlobs, includeGlobs, rankMatches, settingGlobs } from '../../src/host/mentionMatching';

const FILES = ['README.md', 'src/add.js', 'src/Adder.ts', 'src/utils/math.js', 'test/add.test.js', 'docs/readme-extra.md', 'dist/add.js', 'logs/a.log', 'build/out.txt', 'lib/build/keep.js'];
const matching = (globs: string[], paths = FILES) => paths.filter((path) => globs.some((glob) => picomatch(glob, { dot: true })(path)));

describe('the @ completion\'s matching', function () {
  it('includes every path that contains the query, in any case, ending in a file or a folder', function () {
    assert.deepEqual(matching(includeGlobs('add')), ['src/add.js', 'src/Adder.ts', 'test/add.test.js', 'dist/add.js']);
    assert.deepEqual(matching(includeGlobs('src/ut')), ['src/utils/math.js']);
    assert.deepEqual(matching(includeGlobs('README')), ['README.md', 'docs/readme-extra.md']);
    assert.deepEqual(matching(includeGlobs('')), FILES);
    // A glob's own characters in the query stand for any one character, never a pattern.
    assert.deepEqual(includeGlobs('a*{b'), ['**/*[aA]??[bB]*', '**/*[aA]??[bB]*/**']);
  });

  it('turns a .gitignore into exclude globs, anchored where git anchors them', function () {
    const globs = gitignoreGlobs('# build output\ndist/\n*.log\n/build\n!keep.log\n\n');
    assert.deepEqual(globs, ['**/dist/**', '**/*.log', '**/*.log/**', 'build', 'build/**']);
    assert.deepEqual(matching(globs), ['dist/add.js', 'logs/a.log', 'build/out.txt']);
  });

  it('takes the settings\' excludes that are on, with braces expanded for the one exclude glob', function () {
    const globs = settingGlobs({ '**/.git': true, '**/*.{map,min.js}': true, '**/off': false, '**/when': { when: '$(basename).ts' } });
    assert.deepEqual(globs, ['**/.git', '**/.git/**', '**/*.map', '**/*.map/**', '**/*.min.js', '**/*.min.js/**']);
    assert.equal(excludeGlob(['a', 'b', 'a']), '{a,b}');
    assert.equal(excludeGlob([]), undefined);
  });

  it('ranks a file named by the query first, then one whose name holds it, then a folder\'s, shallow and short first', function () {
    const paths = ['lib/deep/add-more.js', 'src/add.js', 'test/add.test.js', 'add.js', 'src/badd.js', 'add/index.js', 'other.js'];
    assert.deepEqual(rankMatches(paths, 'ADD', 10), ['add.js', 'src/add.js', 'test/add.test.js', 'lib/deep/add-more.js', 'src/badd.js', 'add/index.js']);
    assert.deepEqual(rankMatches(paths, 'add', 2), ['add.js', 'src/add.js']);
  });
});
