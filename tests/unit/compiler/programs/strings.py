name = 'World'
n = 42
pi = 3.14159
print(f'Hello {name}!', f'{n:5d}|{n:<5}|{n:^5}|{n:x}', f'{pi:.2f}', f'{name!r}', f'{name!s}', f'{name!a}')
print(f'{{literal}}', f'{n + 1}', f'{"nested"}', f'{[1, 2][0]}', f'{ {"a": 1}["a"] }')
width = 10
print(f'{pi:{width}.{3}}|', f'{name:>{width}}', f'{n=}', f'{n = }', f'{pi=:.1f}')
print(f'multi' f'{n}' 'plain', F'{n}', rf'\n{n}', f'''{
n
}''')
print('%5s|%-5s|%05d|%x|%r' % ('a', 'b', 42, 255, 'q'), '%(a)s' % {'a': 1})
print('{0}{1}{0}'.format('a', 'b'), '{x:>4}'.format(x=7))
print('caf\u00e9', '\x41\x42', '\101', 'tab\there', len('\\'))
print(b'\x00\x01'.hex(), 'A\
B')
s = 'The quick brown fox'
print(s.split(), s.lower().count('o'), s.replace('quick', 'slow'), s.startswith('The'), s.find('z'))
print(','.join(['a', 'b']), '  x '.strip(), 'abc'.encode(), b'abc'.decode(), str(b'x', 'ascii'))
print(f'{3.5!r:>6}', f'{"a" if n else "b"}', f'{(lambda: 1)()}', f'{n:{"+" if n else ""}}')
