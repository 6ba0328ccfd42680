/** 账号与部门 (admin only): the department's staff accounts and its subordinate departments. */
import { Space } from "antd";
import { AccountsTable } from "./accounts-table";
import { DepartmentsCard } from "./departments";

export default function AccountsPage() {
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <AccountsTable />
      <DepartmentsCard />
    </Space>
  );
}
