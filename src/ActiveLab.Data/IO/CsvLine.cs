namespace ActiveLab.Data;

/// <summary>
/// Splits one CSV line into fields: comma separated, fields optionally enclosed in double quotes with "" as an
/// escaped quote (RFC 4180, single line). A trailing carriage return (CRLF files) is removed first.
/// </summary>
internal static class CsvLine
{
    /// <summary>The fields of <paramref name="line"/>.</summary>
    /// <exception cref="FormatException">An unterminated quoted field.</exception>
    public static List<string> Split(string line)
    {
        if (line.EndsWith('\r')) line = line[..^1];
        var fields = new List<string>();
        if (line.IndexOf('"') < 0)
        {
            fields.AddRange(line.Split(','));
            return fields;
        }
        var current = new System.Text.StringBuilder();
        int i = 0;
        while (true)
        {
            current.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new FormatException("unterminated quoted field");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    current.Append(line[i++]);
                }
                while (i < line.Length && line[i] != ',') current.Append(line[i++]);
            }
            else
            {
                while (i < line.Length && line[i] != ',') current.Append(line[i++]);
            }
            fields.Add(current.ToString());
            if (i >= line.Length) break;
            i++; // skip the comma
        }
        return fields;
    }
}
