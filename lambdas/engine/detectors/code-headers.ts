/**
 * Headers of columns of a system's own codes, which may take an identity document's shape
 * (`E00012345`, `C00012345`, `M00012345`): an order's, a product's, an employee's, a customer's or
 * a member's number. A column under one is not told a document's by its values
 * (Detector.notColumnHeaders, column-profile.ts).
 */
import { withSpellings } from './traditional.js';

export const CODE_HEADERS: readonly string[] = [
  ...withSpellings(['订单', '单号', '编码', '货号', '型号', '批号', '批次', '工号', '员工', '会员', '客户编号', '发票', '合同', '商品', '产品', '流水']),
  'order', 'sku', 'product', 'item', 'invoice', 'serial', 'batch', 'employee', 'staff', 'member', 'customer', 'code',
];
