using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// A fixed-size, mergeable sample of an organisation's accounts, built page by page and kept as text between the
    /// pages of a refresh (plug-ins keep no state between calls). It keeps the <see cref="Capacity"/> accounts whose
    /// key (a hash of the account id) is smallest, so the sample does not depend on the order or size of the pages,
    /// and adding the same account twice keeps it once. At the end, <see cref="ToDistribution"/> gives the
    /// organisation's <see cref="PopulationDistribution"/>: 1,000 accounts put a percentile within about one point.
    /// </summary>
    public sealed class PopulationSample
    {
        /// <summary>Accounts kept by default: at most about 700 KB of text even with every value known and long, inside a 1,048,576-character column.</summary>
        public const int DefaultCapacity = 1000;

        private readonly SortedDictionary<ulong, double[]> _rows = new SortedDictionary<ulong, double[]>();

        public PopulationSample(int capacity = DefaultCapacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "A sample keeps at least one account.");
            Capacity = capacity;
        }

        /// <summary>The most accounts kept.</summary>
        public int Capacity { get; }

        /// <summary>How many accounts were added (the population's size), kept or not.</summary>
        public int Accounts { get; private set; }

        /// <summary>How many accounts are kept.</summary>
        public int Kept => _rows.Count;

        /// <summary>Adds one account's signals under its id.</summary>
        public void Add(Guid accountId, AccountSignals signals)
        {
            if (signals == null) throw new ArgumentNullException(nameof(signals));
            Accounts++;
            Keep(Key(accountId), PopulationDistribution.Row(signals));
        }

        private void Keep(ulong key, double[] row)
        {
            if (_rows.Count >= Capacity)
            {
                ulong largest = 0;
                foreach (var k in _rows.Keys) largest = k;  // the last key of a sorted dictionary
                if (key >= largest) return;
                _rows.Remove(largest);
            }

            _rows[key] = row;
        }

        /// <summary>A well-mixed 64-bit key of an account id (FNV-1a over its bytes, then SplitMix64's finaliser).</summary>
        internal static ulong Key(Guid id)
        {
            ulong h = 14695981039346656037UL;
            foreach (var b in id.ToByteArray())
            {
                h ^= b;
                h *= 1099511628211UL;
            }

            h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL;
            h ^= h >> 27; h *= 0x94d049bb133111ebUL;
            h ^= h >> 31;
            return h;
        }

        /// <summary>The organisation's distribution from the sample.</summary>
        public PopulationDistribution ToDistribution(string? asOf = null)
        {
            var rows = new List<double[]>(_rows.Values);
            return PopulationDistribution.FromRows(rows, Accounts, asOf: asOf);
        }

        // ---------------------------------------------------------------- text

        /// <summary>
        /// The sample as text: a first line "v1;capacity;accounts", then one line per kept account: its key in hex and
        /// its <see cref="PopulationDistribution.RowLength"/> values separated by ';' (empty when unknown).
        /// </summary>
        public string ToText()
        {
            var text = new StringBuilder(64 + (_rows.Count * 200));
            text.Append("v1;").Append(Capacity.ToString(CultureInfo.InvariantCulture)).Append(';').Append(Accounts.ToString(CultureInfo.InvariantCulture));
            foreach (var entry in _rows)
            {
                text.Append('\n').Append(entry.Key.ToString("x16", CultureInfo.InvariantCulture));
                foreach (var v in entry.Value)
                {
                    text.Append(';');
                    if (!double.IsNaN(v)) text.Append(Math.Round(v, 6).ToString("R", CultureInfo.InvariantCulture));
                }
            }

            return text.ToString();
        }

        /// <summary>Reads <see cref="ToText"/>'s output; anything else throws a <see cref="FormatException"/> saying where.</summary>
        public static PopulationSample Parse(string text)
        {
            if (string.IsNullOrEmpty(text)) throw new FormatException("population sample is empty");
            var lines = text.Split('\n');
            var head = lines[0].Split(';');
            if (head.Length != 3 || head[0] != "v1"
                || !int.TryParse(head[1], NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) || capacity < 1
                || !int.TryParse(head[2], NumberStyles.None, CultureInfo.InvariantCulture, out var accounts))
            {
                throw new FormatException("population sample must start with \"v1;capacity;accounts\"");
            }

            var sample = new PopulationSample(capacity) { Accounts = accounts };
            for (int i = 1; i < lines.Length; i++)
            {
                var parts = lines[i].Split(';');
                if (parts.Length != PopulationDistribution.RowLength + 1
                    || !ulong.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key))
                {
                    throw new FormatException("population sample line " + (i + 1).ToString(CultureInfo.InvariantCulture) + " must be a key and " + PopulationDistribution.RowLength + " values");
                }

                var row = new double[PopulationDistribution.RowLength];
                for (int v = 0; v < row.Length; v++)
                {
                    var part = parts[v + 1];
                    if (part.Length == 0) { row[v] = double.NaN; continue; }
                    if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out row[v]) || double.IsNaN(row[v]) || double.IsInfinity(row[v]))
                    {
                        throw new FormatException("population sample line " + (i + 1).ToString(CultureInfo.InvariantCulture) + " value " + (v + 1).ToString(CultureInfo.InvariantCulture) + " is not a finite number");
                    }
                }

                sample.Keep(key, row);
            }

            return sample;
        }
    }
}
