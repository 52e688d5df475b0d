// ECharts with the chart kinds the pages use, fetched by EChart.vue when a chart is first drawn (not with the page that
// holds it, so a page's table and figures show before the chart library has arrived on a slow link).
import * as echarts from 'echarts/core'
import { LineChart, BarChart, RadarChart, ScatterChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent, VisualMapComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, BarChart, RadarChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, VisualMapComponent, CanvasRenderer])

export default echarts
