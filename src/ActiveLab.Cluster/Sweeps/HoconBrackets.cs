namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// Checks that the brackets of a HOCON text pair up before Akka's parser sees it: that parser loops forever on some
/// unbalanced input (e.g. <c>datasets = [a, b}</c>), which hung <c>activelab status</c>. Quoted strings (including
/// triple-quoted ones) and comments (<c>#</c>, <c>//</c>) are skipped.
/// </summary>
internal static class HoconBrackets
{
    /// <summary>Null when balanced, else a one-line description with line numbers.</summary>
    public static string? Problem(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n') { line++; continue; }
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                bool triple = i + 2 < text.Length && text[i + 1] == '"' && text[i + 2] == '"';
                if (triple)
                {
                    int end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    if (end < 0) return $"line {line}: a \"\"\" string is never closed";
                    for (int j = i; j < end; j++) if (text[j] == '\n') line++;
                    i = end + 2;
                    continue;
                }
                int start = line;
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\') i++;
                    else if (text[i] == '\n') return $"line {start}: a quoted string is not closed on its line";
                }
                if (i >= text.Length) return $"line {start}: a quoted string is never closed";
                continue;
            }
            if (c is '[' or '{') open.Push((c, line));
            else if (c is ']' or '}')
            {
                char expected = c == ']' ? '[' : '{';
                if (open.Count == 0) return $"line {line}: '{c}' has no opening '{expected}'";
                var (bracket, at) = open.Pop();
                if (bracket != expected) return $"line {line}: '{c}' closes the '{bracket}' opened on line {at}";
            }
        }
        return open.Count == 0 ? null : $"line {open.Peek().Line}: '{open.Peek().Bracket}' is never closed";
    }
}
