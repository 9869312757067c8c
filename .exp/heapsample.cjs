const inspector = require('node:inspector'); const fs = require('node:fs')
const s = new inspector.Session(); s.connect()
s.post('HeapProfiler.enable'); s.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
process.on('exit', () => { s.post('HeapProfiler.stopSampling', (err, r) => { fs.writeFileSync('/tmp/heap.json', JSON.stringify(r.profile)) }) })
